"""One module per command: call quickscale_core, print the outcome."""
