// Findings for the review tests: a Washington-like request with a card
// number and a bank account (exempt), a home address (seen, not exempt) and
// a name that needs a human look, on two documents.
import type { FindingView, Proposal, Quad } from "../api";

const exempt = (code: string): Proposal => ({
  kind: "exempt",
  code,
  citation: `RCW 42.56.230(${code === "CARD" ? "5" : "4"})`,
  explanation: "financial information",
});

/** A quad around a word at `(x, y)` (baseline), QuadPoints order. */
export function wordQuad(x: number, y: number, w = 80, h = 10): Quad {
  return [x, y + h, x + w, y + h, x, y, x + w, y];
}

export function finding(over: Partial<FindingView> & { id: number }): FindingView {
  return {
    document_id: 1,
    document: "bill.pdf",
    page: 1,
    text: `value ${over.id}`,
    value: `value ${over.id}`,
    category: "card_number",
    detector: "luhn",
    confidence: 0.99,
    proposal: exempt("CARD"),
    quads: [wordQuad(72, 700 - over.id * 20)],
    decision: null,
    ...over,
  };
}

export function sampleFindings(): FindingView[] {
  return [
    finding({ id: 1, text: "4111 1111 1111 1111", category: "card_number", page: 1 }),
    finding({ id: 2, text: "12-3456-789", category: "bank_account", proposal: exempt("BANK"), page: 1 }),
    finding({
      id: 3,
      text: "12 Elm St",
      category: "home_address",
      proposal: { kind: "not_exempt", reason: "Home addresses of members of the public are not exempt in Washington" },
      page: 2,
    }),
    finding({ id: 4, text: "5500 0000 0000 0004", category: "card_number", page: 2 }),
    finding({
      id: 5,
      text: "Jane Roe",
      category: "person_name",
      proposal: { kind: "review", test: "Is this a private individual?" },
      document_id: 2,
      document: "letter.pdf",
      page: 1,
    }),
    finding({ id: 6, text: "4000 0000 0000 0002", category: "card_number", document_id: 2, document: "letter.pdf" }),
  ];
}
