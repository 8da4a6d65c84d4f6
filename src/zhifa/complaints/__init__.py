"""投诉举报: complaints from enterprises and citizens, with a tracking code and a status page."""
