"""The assessment domain in plain Python: no Flask here.

questionnaire (immutable model) <- loader (YAML + validation) ; question_types (registry) ;
scoring (answers -> Score) ; statistics (benchmark maths) ; anonymity (who may see which peer
statistic).
"""
