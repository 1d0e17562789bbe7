"""Small helpers every wing may use: text normalisation, atomic file writes. No heavy imports."""
