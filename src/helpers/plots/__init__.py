"""Figures of the suite, one module per area; analysis modules return DataFrames only."""
