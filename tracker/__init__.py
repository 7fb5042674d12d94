"""tracker: land clearance and disbursement progress of provincial infrastructure projects."""

__version__ = "0.1.0"
