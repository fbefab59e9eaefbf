"""What leaves the desk: the verdict CSV, the corrections log and ClaimReview."""
