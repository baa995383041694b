"""Many plans at once: the portfolio ranked by ROI and the service's value, shared environment
bookings.
"""
