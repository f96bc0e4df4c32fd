"""Names of languages, tools and common acronyms, written the way their owners write them.

Candidates type "sql, python, tableau dashboards" or "I speak spanish"; the note should
say "SQL, Python, Tableau dashboards" and "Spanish". Only words typed entirely in lower
case are changed, and only words that are unambiguous: "go", "rust", "slack", "word", "excel"
("I excel at"), "react", "spark", "rest" and "ml" (millilitres) are ordinary words too, so
they are left as typed.
"""

from __future__ import annotations

import re

_LANGUAGES = """
arabic bengali cantonese chinese dutch english farsi french german greek gujarati hebrew
hindi indonesian italian japanese korean malay mandarin marathi persian polish portuguese
punjabi romanian russian spanish swahili swedish tagalog tamil telugu thai turkish ukrainian urdu
vietnamese
"""

_WRITTEN_AS = """
SQL PostgreSQL MySQL NoSQL MongoDB Python JavaScript TypeScript Java Kotlin Scala HTML
CSS API APIs GraphQL AWS GCP Azure Kubernetes Docker Terraform Linux GitHub GitLab Jira
Confluence Figma Photoshop InDesign PowerPoint Tableau Looker Salesforce HubSpot Zendesk
SAP QuickBooks SPSS MATLAB AutoCAD Instagram TikTok Facebook LinkedIn YouTube Pinterest
Shopify WordPress Google Microsoft iOS Android iPhone SEO SEM CRM ERP KPI KPIs OKRs UX UI
QA HR CEO CTO CFO COO B2B B2C SaaS AI NLP ETL GAAP CPA MBA PhD COVID Django Node.js
Vue.js TensorFlow PyTorch NumPy Databricks Kafka Hadoop Redis
"""

_MULTI_WORD = {
    "power bi": "Power BI",
    "sql server": "SQL Server",
    "google analytics": "Google Analytics",
    "microsoft excel": "Microsoft Excel",
    "excel spreadsheets": "Excel spreadsheets",
    "react native": "React Native",
    "a/b testing": "A/B testing",
    "a/b tests": "A/B tests",
    "c++": "C++",
    "c#": "C#",
}

_TERMS: dict[str, str] = {
    **{word: word.capitalize() for word in _LANGUAGES.split()},
    **{word.lower(): word for word in _WRITTEN_AS.split()},
    **_MULTI_WORD,
}
_PATTERN = re.compile(
    r"(?<![\w@./#+-])("
    + "|".join(re.escape(term) for term in sorted(_TERMS, key=len, reverse=True))
    + r")(?![\w@#+]|\.\w)"
)


def write_terms_properly(text: str) -> str:
    """`text` with each known term typed in lower case written as its owner writes it."""
    return _PATTERN.sub(lambda match: _TERMS[match.group(1)], text)
