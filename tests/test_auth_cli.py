"""`flask users`: accounts from the command line, with no default password anywhere."""

from app.operations.accounts import find_account


def test_create_asks_for_the_password_twice(app, runner):
    result = runner.invoke(args=["users", "create", "Admin@Example.org", "--role", "admin"],
                           input="a long enough password\na long enough password\n")
    assert result.exit_code == 0, result.output
    assert "a long enough password" not in result.output
    with app.app_context():
        user = find_account("admin@example.org")
        assert user.is_admin and user.check_password("a long enough password")


def test_create_refuses_different_passwords(app, runner):
    result = runner.invoke(args=["users", "create", "a@example.org"],
                           input="a long enough password\nanother long password\n"
                                 "a long enough password\na long enough password\n")
    assert "do not match" in result.output
    assert result.exit_code == 0


def test_create_reads_the_password_from_the_environment(app, runner):
    result = runner.invoke(args=["users", "create", "bot@example.org"],
                           env={"STAFF_PASSWORD": "from the environment"})
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert find_account("bot@example.org").check_password("from the environment")


def test_short_password_and_duplicates_are_refused(app, runner):
    result = runner.invoke(args=["users", "create", "a@example.org"], env={"STAFF_PASSWORD": "short"})
    assert result.exit_code == 1 and "at least 12" in result.output
    env = {"STAFF_PASSWORD": "a long enough password"}
    assert runner.invoke(args=["users", "create", "a@example.org"], env=env).exit_code == 0
    result = runner.invoke(args=["users", "create", "A@example.org"], env=env)
    assert result.exit_code == 1 and "already" in result.output


def test_list_set_role_deactivate_set_password(app, runner):
    env = {"STAFF_PASSWORD": "a long enough password"}
    runner.invoke(args=["users", "create", "a@example.org"], env=env)
    assert runner.invoke(args=["users", "set-role", "a@example.org", "admin"]).exit_code == 0
    last = runner.invoke(args=["users", "deactivate", "a@example.org"])
    assert last.exit_code == 1 and "at least one active admin" in last.output
    runner.invoke(args=["users", "create", "b@example.org", "--role", "admin"], env=env)
    assert runner.invoke(args=["users", "deactivate", "a@example.org"]).exit_code == 0
    demoted = runner.invoke(args=["users", "set-role", "b@example.org", "analyst"])
    assert demoted.exit_code == 1 and "at least one active admin" in demoted.output
    result = runner.invoke(args=["users", "set-password", "a@example.org"],
                           env={"STAFF_PASSWORD": "a brand new password"})
    assert result.exit_code == 0, result.output
    listing = runner.invoke(args=["users", "list"]).output
    assert "a@example.org\tadmin\tdeactivated" in listing
    with app.app_context():
        assert find_account("a@example.org").check_password("a brand new password")
    assert runner.invoke(args=["users", "deactivate", "nobody@example.org"]).exit_code == 1


def test_there_is_no_account_until_one_is_created(app, runner):
    assert runner.invoke(args=["users", "list"]).output == ""
