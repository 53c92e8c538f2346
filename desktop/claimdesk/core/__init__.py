"""Pure-Python heart of Claimdesk: never imports Qt (a test enforces it)."""
