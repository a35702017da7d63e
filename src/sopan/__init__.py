"""sopan: Indonesian government SOPs (SOP AP, Permen PANRB 35/2012) as documents, processes and measures."""

__version__ = "0.1.0"
