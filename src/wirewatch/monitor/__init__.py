"""Monitoring: dyad tension series, escalation detection, watch rules, alerts and archive replay."""
