"""pmsm: plan-as-code for IT projects that land inside an ITIL service organisation."""

__version__ = "0.1.0"
