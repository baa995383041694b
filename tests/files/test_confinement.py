"""The repository a configuration lives in, and whether a path stays inside it."""

from __future__ import annotations

from pathlib import Path

from pmsm_cli.files.confinement import inside, repository_root


def test_the_repository_is_the_git_checkout_above_or_the_folder_itself(tmp_path: Path) -> None:
    team = tmp_path / "repo" / "team"
    team.mkdir(parents=True)
    assert repository_root(team) == team.resolve()  # no git checkout: the folder itself
    (tmp_path / "repo" / ".git").mkdir()
    assert repository_root(team) == (tmp_path / "repo").resolve()
    assert repository_root(tmp_path / "repo") == (tmp_path / "repo").resolve()


def test_inside_follows_dots_and_symbolic_links(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "org").mkdir(parents=True)
    (root / "org" / "base.yaml").write_text("x\n", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text("x\n", encoding="utf-8")
    (root / "in.yaml").symlink_to(root / "org" / "base.yaml")
    (root / "out.yaml").symlink_to(secret)
    (root / "loop.yaml").symlink_to(root / "loop.yaml")
    real = root.resolve()
    assert inside(root / "team" / ".." / "org" / "base.yaml", real) == real / "org" / "base.yaml"
    assert inside(root / "in.yaml", real) == real / "org" / "base.yaml"
    assert inside(root / "missing.yaml", real) == real / "missing.yaml"
    assert inside(root / ".." / "secret", real) is None
    assert inside(secret, real) is None
    assert inside(root / "out.yaml", real) is None
    assert inside(root / ".." / "nothing-here", real) is None
    assert inside(root / "loop.yaml", real) is None
