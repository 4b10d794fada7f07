"""The deterministic sample month: its scenarios and the events they are made of."""
