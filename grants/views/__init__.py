"""Pages of the grants app, one module per area."""
