"""Data files of the package: font metrics of Times New Roman (``times_metrics.json``)."""
