"""Earlier fact-checks: importing them, and matching the library's claims against them."""
