#!/bin/sh
# Example client of the Pop Index service API with curl (docs/service-api.md).
#   POP_URL=https://pop-index.westhoek.be POP_API_KEY=popsk.... REQUESTER_EMAIL=jan.peeters@poperinge.be \
#     sh docs/examples/submit-request.sh
# Submits an invoice for approval, then reads it back. Sending the same Idempotency-Key again returns
# the same request (HTTP 200 instead of 201), so a retry after a network error is safe.
set -eu
: "${POP_URL:?set POP_URL}" "${POP_API_KEY:?set POP_API_KEY}" "${REQUESTER_EMAIL:?set REQUESTER_EMAIL}"
KEY="${IDEMPOTENCY_KEY:-invoice-2026-0456}"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

curl --fail-with-body -sS -X POST "$POP_URL/api/v1/requests" \
  -H "Authorization: Bearer $POP_API_KEY" \
  -H "Content-Type: application/json" \
  -H "Idempotency-Key: $KEY" \
  -d @- <<JSON | tee "$OUT"
{
  "type": "invoice",
  "title": "Factuur 2026/0456 Drukkerij Vanhaecke",
  "requester": { "email": "$REQUESTER_EMAIL" },
  "amountCents": 123450,
  "dueDate": "2026-12-15",
  "link": "https://finance.example.be/invoices/2026-0456",
  "reference": "F2026/0456"
}
JSON
echo
ID=$(sed -n 's/^{"id":"\([^"]*\)".*/\1/p' "$OUT")
curl --fail-with-body -sS "$POP_URL/api/v1/requests/$ID" -H "Authorization: Bearer $POP_API_KEY"
echo
