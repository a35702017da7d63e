"""Template tags of the lifecycle app."""
