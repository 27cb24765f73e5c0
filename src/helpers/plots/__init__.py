"""Figures: one module per area of analysis, each drawing the tables its analysis module returns."""
