import { registry } from "@web/core/registry";

// Data from aftersales_service/tests/test_overview_tour.py: one overdue request (customer
// "Overview Late Customer") and one on time ("Overview Punctual Customer").
registry.category("web_tour.tours").add("aftersales_overview", {
    url: "/odoo/action-aftersales_service.aftersales_overview_action",
    steps: () => [
        {
            content: "the overview opens under its title",
            timeout: 30000,
            trigger: ".o_breadcrumb:contains(After-Sales Overview)",
        },
        {
            content: "the open requests card counts both requests",
            timeout: 30000,
            trigger: ".o_aftersales_overview_card[data-key=open] .o_aftersales_overview_value:contains(2)",
        },
        {
            content: "the service level chart is drawn",
            trigger: ".o_aftersales_overview_chart_card[data-key=sla] canvas",
        },
        {
            content: "open the overdue requests",
            trigger: ".o_aftersales_overview_card[data-key=overdue]:contains(1)",
            run: "click",
        },
        {
            content: "the list of overdue requests opens",
            timeout: 30000,
            trigger: ".o_list_view .o_breadcrumb:contains(Overdue Requests)",
        },
        {
            content: "it shows the late request",
            trigger: ".o_list_view .o_data_row:contains(Overview Late Customer)",
        },
        {
            content: "and not the one on time",
            trigger: ".o_list_view .o_list_renderer:not(:contains(Overview Punctual Customer))",
        },
        {
            content: "back to the overview",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li.breadcrumb-item a:contains(After-Sales Overview)",
            run: "click",
        },
        {
            content: "the overview is shown again",
            timeout: 30000,
            trigger: ".o_aftersales_overview_card[data-key=overdue]",
        },
    ],
});
