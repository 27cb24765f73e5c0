"""Figures: one module per analysis area, drawing from that area's DataFrames."""
