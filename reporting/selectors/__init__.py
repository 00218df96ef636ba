"""Reads for reporting/, scoped to the viewer: the portfolio, its forecast and social value are
for fund-wide roles (officers, trustees, admins); everyone else gets nothing."""
