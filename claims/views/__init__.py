"""Views of the claims app, one module per page family."""
