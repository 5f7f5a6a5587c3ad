"""Static-site builder for a bank's customer-benefits portal."""

__version__ = "0.1.0"
