"""Interactive widgets, one module per chapter; the shared plumbing lives in `_figure`.

Widgets only draw: every number they show comes from the maths modules of `helpers`.
"""
