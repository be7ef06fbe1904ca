"""Oracle network: sources, per-source scoring, signed observations, reports, disputes."""
