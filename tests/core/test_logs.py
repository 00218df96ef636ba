"""Logs as JSON with a request id in production (issue 21)."""

import json
import logging

import pytest

from cwf.core.logs import JsonFormatter, RequestIdFilter, request_id


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client):
    mine = client.get("/health/?format=json")
    assert len(mine["X-Request-ID"]) == 32
    given = client.get("/health/?format=json", HTTP_X_REQUEST_ID="proxy-abc-12345")
    assert given["X-Request-ID"] == "proxy-abc-12345"
    refused = client.get("/health/?format=json", HTTP_X_REQUEST_ID="<script>")
    assert refused["X-Request-ID"] != "<script>"


def test_a_log_line_is_one_json_object_with_the_request_id():
    record = logging.LogRecord("cwf.test", logging.WARNING, __file__, 1, "paid %s", ("x",), None)
    token = request_id.set("req-0001-abcd")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "paid x"
    assert line["request_id"] == "req-0001-abcd"
    assert line["level"] == "WARNING"
