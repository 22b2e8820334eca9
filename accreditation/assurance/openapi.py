"""The API's description, OpenAPI 3.1, served at /api/openapi.json (and checked by a validator in the tests)."""
from accreditation.actions.models import ActionSource, ActionStatus
from accreditation.assurance.queries import Status
from accreditation.panels.outcome import Outcome

_DATE = {"type": ["string", "null"], "format": "date"}
_MOMENT = {"type": ["string", "null"], "format": "date-time"}
_OUTCOME = {"type": "string", "enum": [o.value for o in Outcome]}
_ERROR = {"description": "No token, or a token that is not valid or has been revoked",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_BAD = {"description": "A query argument is not valid",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _param(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_PAGING = [
    _param("after", "Return the rows after this id (the previous page's next_after)", {"type": "integer", "minimum": 0}),
    _param("limit", "At most this many rows", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}),
]


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Service user-led accreditation: read-only API",
            "version": "1.0.0",
            "description": "The register of teams' accreditation status, the final committee's decisions, and the "
                           "improvement actions that follow them. "
                           "An administrator creates a client and its token; send it as `Authorization: Bearer`.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/register": {"get": {
                "operationId": "getRegister",
                "summary": "Every team with its current status, award, validity and interim review date",
                "parameters": [
                    _param("organisation", "Only teams of this organisation", {"type": "integer", "minimum": 1}),
                    _param("directorate", "Only teams in this directorate", {"type": "integer", "minimum": 1}),
                    _param("status", "Only teams with this status", {"type": "string", "enum": [s.value for s in Status]}),
                    _param("expiring", "Only awards that end within 90 days", {"type": "string", "enum": ["true"]}),
                    *_PAGING,
                ],
                "responses": {
                    "200": {"description": "One page of the register, in team id order",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegisterPage"}}}},
                    "400": _BAD, "401": _ERROR,
                },
            }},
            "/api/v1/decisions": {"get": {
                "operationId": "getDecisions",
                "summary": "The final committee's decisions in the order they were recorded, amendments included",
                "parameters": _PAGING,
                "responses": {
                    "200": {"description": "One page of decisions",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/DecisionPage"}}}},
                    "400": _BAD, "401": _ERROR,
                },
            }},
            "/api/v1/actions": {"get": {
                "operationId": "getActions",
                "summary": "Improvement actions from standards not met and committee conditions, with their status",
                "parameters": [
                    _param("organisation", "Only actions of teams of this organisation", {"type": "integer", "minimum": 1}),
                    _param("directorate", "Only actions of teams in this directorate", {"type": "integer", "minimum": 1}),
                    _param("status", "Only actions with this status", {"type": "string", "enum": [s.value for s in ActionStatus]}),
                    _param("overdue", "Only actions past their due date and not yet finished", {"type": "string", "enum": ["true"]}),
                    *_PAGING,
                ],
                "responses": {
                    "200": {"description": "One page of actions, in id order",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActionPage"}}}},
                    "400": _BAD, "401": _ERROR,
                },
            }},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "RegisterEntry": {
                    "type": "object",
                    "required": ["team_id", "team", "organisation_id", "organisation", "directorate_id", "directorate",
                                 "status", "award", "valid_from", "valid_until", "interim_review_due", "decision_id"],
                    "properties": {
                        "team_id": {"type": "integer"}, "team": {"type": "string"},
                        "organisation_id": {"type": "integer"}, "organisation": {"type": "string"},
                        "directorate_id": {"type": "integer"}, "directorate": {"type": "string"},
                        "status": {"type": "string", "enum": [s.value for s in Status]},
                        "award": {"type": ["string", "null"], "enum": [o.value for o in Outcome] + [None]},
                        "valid_from": _DATE, "valid_until": _DATE, "interim_review_due": _DATE,
                        "decision_id": {"type": ["integer", "null"]},
                    },
                },
                "RegisterPage": {
                    "type": "object", "required": ["on", "teams", "next_after"],
                    "properties": {
                        "on": {"type": "string", "format": "date"},
                        "teams": {"type": "array", "items": {"$ref": "#/components/schemas/RegisterEntry"}},
                        "next_after": {"type": ["integer", "null"]},
                    },
                },
                "Decision": {
                    "type": "object",
                    "required": ["id", "team_id", "team", "outcome", "computed_outcome", "recommended_outcome",
                                 "recorded_at", "amends_id", "valid_from", "valid_until"],
                    "properties": {
                        "id": {"type": "integer"}, "team_id": {"type": "integer"}, "team": {"type": "string"},
                        "outcome": _OUTCOME, "computed_outcome": _OUTCOME,
                        "recommended_outcome": {"type": ["string", "null"], "enum": [o.value for o in Outcome] + [None]},
                        "recorded_at": {"type": "string", "format": "date-time"},
                        "amends_id": {"type": ["integer", "null"]}, "valid_from": _DATE, "valid_until": _DATE,
                    },
                },
                "Action": {
                    "type": "object",
                    "required": ["id", "team_id", "team", "organisation_id", "organisation", "directorate_id", "directorate",
                                 "decision_id", "source",
                                 "standard", "condition", "status", "overdue", "due_on", "what_will_change",
                                 "how_we_will_know", "created_at", "completed_at", "verified_at"],
                    "properties": {
                        "id": {"type": "integer"}, "team_id": {"type": "integer"}, "team": {"type": "string"},
                        "organisation_id": {"type": "integer"}, "organisation": {"type": "string"},
                        "directorate_id": {"type": "integer"}, "directorate": {"type": "string"},
                        "decision_id": {"type": "integer"},
                        "source": {"type": "string", "enum": [s.value for s in ActionSource]},
                        "standard": {"type": ["string", "null"], "description": "The code of the standard not met"},
                        "condition": {"type": ["string", "null"], "description": "The committee's condition"},
                        "status": {"type": "string", "enum": [s.value for s in ActionStatus]},
                        "overdue": {"type": "boolean"}, "due_on": _DATE,
                        "what_will_change": {"type": "string"}, "how_we_will_know": {"type": "string"},
                        "created_at": {"type": "string", "format": "date-time"},
                        "completed_at": _MOMENT, "verified_at": _MOMENT,
                    },
                },
                "ActionPage": {
                    "type": "object", "required": ["on", "actions", "next_after"],
                    "properties": {
                        "on": {"type": "string", "format": "date"},
                        "actions": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}},
                        "next_after": {"type": ["integer", "null"]},
                    },
                },
                "DecisionPage": {
                    "type": "object", "required": ["decisions", "next_after"],
                    "properties": {
                        "decisions": {"type": "array", "items": {"$ref": "#/components/schemas/Decision"}},
                        "next_after": {"type": ["integer", "null"]},
                    },
                },
            },
        },
    }
