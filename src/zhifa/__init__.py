"""zhifa (执法): the provincial 行政执法监督信息系统 — lawful, fair, civil, verifiable."""

__version__ = "0.1.0"
