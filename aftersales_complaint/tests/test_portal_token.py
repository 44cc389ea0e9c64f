from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPortalTokenAtCreation(TransactionCase):
    """Every portal document (service request, complaint, return case) has its access
    token from its creation: the customer's page and the scheduled actions' e-mails read
    it, none writes it on a row another transaction is writing (a concurrent update
    failure under load)."""

    def test_portal_documents_get_their_token_when_created(self):
        partner = self.env["res.partner"].create({"name": "Token customer"})
        documents = [
            self.env["aftersales.service.request"].create({"partner_id": partner.id}),
            self.env["aftersales.complaint"].create({"partner_id": partner.id}),
            self.env["aftersales.return"].create({"partner_id": partner.id}),
        ]
        tokens = set()
        for document in documents:
            token = document.access_token
            self.assertTrue(token, f"{document._name} has its token at creation")
            self.assertEqual(document._portal_ensure_token(), token)
            tokens.add(token)
            copy = document.copy() if document._name != "aftersales.complaint" else None
            if copy:
                self.assertTrue(copy.access_token)
                tokens.add(copy.access_token)
        self.assertEqual(len(tokens), 5, "every document its own token")
