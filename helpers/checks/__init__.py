"""Exercise checks, one module per chapter; `_runner` holds the shared machinery."""
