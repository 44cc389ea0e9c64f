# ruff: noqa: F821 (env is given by odoo shell)
# Run by .ci/run through `odoo shell` while it makes a database (demo or tests), in two steps
# named by AFTERSALES_STEP:
#   company  after `base`: the main company becomes a Chinese company keeping its books in
#            yuan (country China, currency CNY, A4 paper, Shanghai time), before any
#            accounting exists (Odoo refuses to change a currency once journal items exist);
#   tidy     at the end: checks that Odoo's Chinese chart of accounts is on the main company
#            and archives the sample companies of Odoo's own demos (l10n_cn's two, stock's
#            Chicago one) so that the demo tells the story of one company.
# The name, address and the rest of the demo company come from aftersales_service's demo data.
import os

step = os.environ.get("AFTERSALES_STEP")
company = env.ref("base.main_company")
if step == "company":
    cny = env.ref("base.CNY")
    cny.active = True
    company.write(
        {
            "country_id": env.ref("base.cn").id,
            "currency_id": cny.id,
            "paperformat_id": env.ref("base.paperformat_euro").id,
        }
    )
    company.partner_id.tz = "Asia/Shanghai"
    # the company works in Chinese: what the scheduled actions write is in its contact's
    # language (the demo loads Simplified Chinese; the tests' database English only)
    if env["res.lang"]._lang_get("zh_CN"):
        company.partner_id.lang = "zh_CN"
    env.ref("base.user_admin").tz = "Asia/Shanghai"
elif step == "tidy":
    if company.chart_template != "cn" or company.currency_id.name != "CNY":
        raise SystemExit(
            f"the main company has chart {company.chart_template!r} in "
            f"{company.currency_id.name}: expected Odoo's Chinese chart (cn) in CNY"
        )
    others = env["res.company"].search([("id", "!=", company.id)])
    users = (
        env["res.users"].with_context(active_test=False).search([("company_id", "in", others.ids)])
    )
    users.write({"company_id": company.id})
    others.write({"active": False})
else:
    raise SystemExit(f"AFTERSALES_STEP must be company or tidy, not {step!r}")
env.cr.commit()
print(
    f"demo company ({step}): {company.name}, {company.country_id.code}, {company.currency_id.name}"
)
