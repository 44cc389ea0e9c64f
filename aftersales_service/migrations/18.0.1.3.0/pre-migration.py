"""The contracted provider became its own record (aftersales.provider): the partner and
company fields it replaces are gone. The stored extension views of the addons (settings,
partner form, the request form's provider domain...) still name those fields and would fail
validation while the new files load, so their content is emptied here; the upgrade loads it
again from the files."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE ir_ui_view
              SET arch_db = jsonb_build_object('en_US', '<data/>')
            WHERE inherit_id IS NOT NULL
              AND id IN (SELECT res_id FROM ir_model_data
                          WHERE model = 'ir.ui.view'
                            AND module IN ('aftersales_service', 'aftersales_complaint',
                                           'aftersales_penalty'))"""
    )
