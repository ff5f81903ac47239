"""Human review of analyses before the client sees them: publication, overrides, disputes, calibration."""
