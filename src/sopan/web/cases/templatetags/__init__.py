"""Template helpers of the case screens."""
