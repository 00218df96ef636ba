"""Pages of the partnerships app, one module per topic."""
