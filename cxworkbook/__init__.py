"""CX Workbook: a digital customer experience workbook for CDOs and workshop facilitators."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUESTIONNAIRES_DIR = PROJECT_ROOT / "questionnaires"
EXAMPLES_DIR = PROJECT_ROOT / "examples"
