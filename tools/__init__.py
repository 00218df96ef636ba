"""Development tools run from the command line (make lock), not part of the application."""
