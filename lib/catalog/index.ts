export { listProducts, groupByBrand, type CatalogProduct, type CatalogBrand } from "./list-products";
