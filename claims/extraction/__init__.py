"""Finding checkable claims in article text, and finding quotes again after the text changes.

Pure Python: nothing here imports Django, so it runs anywhere and is tested without a database.
"""
