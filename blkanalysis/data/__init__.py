"""The data layer: strict YAML reading, the figures registry, the CPI, validation."""
