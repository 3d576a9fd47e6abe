"""emergence: account-level buying signals from MAP, web and CRM raw tables."""

__version__ = "0.1.0"
