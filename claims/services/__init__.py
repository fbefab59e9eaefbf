"""Every write that changes a claim or leaves an audit event: one service function each.

Views, the admin, commands and importers call these; none of them writes status, verdict
or anchor fields directly.
"""
