"""Deadlines became service level policies: the settings form no longer shows the company
fields they replace. The stored settings views of the addons still name those fields and
would fail the validation of the form while the new files load, so their content is emptied
here; the upgrade loads it again from the files."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE ir_ui_view
              SET arch_db = jsonb_build_object('en_US', '<data/>')
            WHERE model = 'res.config.settings'
              AND id IN (SELECT res_id FROM ir_model_data
                          WHERE model = 'ir.ui.view'
                            AND module IN ('aftersales_service', 'aftersales_complaint',
                                           'aftersales_penalty'))"""
    )
