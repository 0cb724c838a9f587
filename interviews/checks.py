"""System checks: the question bank loads and validates (a bad edit fails start-up, not a user's prep)."""

from django.core import checks


@checks.register()
def check_question_bank(app_configs=None, **kwargs):
    from interviews.bank import QuestionBankError, load_bank

    try:
        load_bank()
    except QuestionBankError as error:
        return [checks.Error(f"The interview question bank is invalid: {error}", id="interviews.E001",
                             hint="Fix the file named in interviews/question_bank/ (see its README.md).")]
    return []
