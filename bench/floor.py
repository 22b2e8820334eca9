"""The floor under every signed-in page: the app as served, plus two pages that do nothing of their own.

`bench.pages` serves this app instead of `accreditation:create_app()` (the same app, with two more routes) and
loads the two beside the main pages, so each run shows how much of the hello-world budget a page has spent
before it reads anything:

- /bench/floor: a signed-in request that reads nothing and renders nothing (the session, the person and their
  roles, the route's access check, the transaction);
- /bench/floor/frame: the same, with the NHS.UK page frame every page is drawn in (header, navigation,
  language menu, footer), around an empty page.
"""
from flask import Flask, render_template

from accreditation import create_app as create_accreditation_app
from accreditation.roles import Access, requires

FLOOR, FRAME = "/bench/floor", "/bench/floor/frame"


def create_app() -> Flask:
    app = create_accreditation_app()
    frame = app.jinja_env.from_string('{% extends "base.jinja" %}{% set page_title = "Floor" %}')  # made once

    @requires(Access.SIGNED_IN)
    def floor():
        return "ok"

    @requires(Access.SIGNED_IN)
    def floor_frame():
        return render_template(frame)

    app.add_url_rule(FLOOR, view_func=floor)
    app.add_url_rule(FRAME, view_func=floor_frame)
    return app
