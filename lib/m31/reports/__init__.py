"""What people read: Markdown, charts, the notebook helpers, the nbconvert exporters, the
workbench of ad-hoc tables, postmortem drafts."""
