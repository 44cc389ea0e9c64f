import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import {
    formatInteger,
    formatMonetary,
    formatPercentage,
} from "@web/views/fields/formatters";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { AftersalesOverviewChart } from "./overview_chart";

/**
 * After-Sales Overview (client action ``aftersales_overview``): the key figures of the
 * current company, all from one call to ``aftersales.overview.get_overview``. Every card,
 * bar and row opens the list of the records it counts.
 */
export class AftersalesOverview extends Component {
    static template = "aftersales_service.AftersalesOverview";
    static components = { Layout, AftersalesOverviewChart };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, loading: false, updatedAt: null });
        onWillStart(() => this.load());
    }

    /** (Re)load the figures; the call carries the companies selected in the switcher. */
    async load() {
        this.state.loading = true;
        try {
            this.state.data = await this.orm.call("aftersales.overview", "get_overview", []);
            this.state.updatedAt = luxon.DateTime.now();
        } finally {
            this.state.loading = false;
        }
    }

    get updatedAt() {
        return this.state.updatedAt
            ? this.state.updatedAt.toLocaleString(luxon.DateTime.TIME_SIMPLE)
            : "";
    }

    get refreshTitle() {
        return _t("Refresh the figures");
    }

    format(value, kind) {
        if (value === null || value === undefined) {
            return "—";
        }
        switch (kind) {
            case "percent":
                return formatPercentage(value, { digits: [16, 1] });
            case "monetary":
                return formatMonetary(value, { currencyId: this.state.data.currency_id });
            default:
                return formatInteger(value);
        }
    }

    openAction(action) {
        if (action) {
            this.action.doAction(action);
        }
    }
}

registry.category("actions").add("aftersales_overview", AftersalesOverview);
