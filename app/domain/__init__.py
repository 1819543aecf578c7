"""The assessment domain in plain Python: no Flask, WTForms or SQLAlchemy here.

questionnaire (the immutable model, organization fields) <- loader (YAML: datafile, schema,
questionnaire_schema, questionnaire_rules; also regions and references) ; question_types (the
registry: each type validates, scores, words, writes to and reads from cells, and samples its
answers, and compares several members' answers) ; answers (checking, wording and cells of
answers in one shape) ; scoring (answers -> Score, Snapshot) ; agreement (a team's answers
compared, the proposed agreed answers) ; report (the respondent's report) ; statistics (benchmark
maths) ; anonymity (who may see which peer statistic) ; provenance (Source and Trust: which
results count among peers) ; samples (the keys of pseudonymous sample organizations).
"""
