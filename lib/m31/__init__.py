"""M31 SLO and incident review workbook: daily check, weekly review, postmortems."""

__version__ = "0.1.0"
