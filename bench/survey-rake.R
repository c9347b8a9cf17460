# The reference for `cohesion survey weight`: the same files raked by R's survey package.
#
#   Rscript bench/survey-rake.R responses.csv targets.csv weights.csv
#
# Reads the files the CLI reads (responses: an id column and one column per weighting variable,
# other columns ignored; targets: variable,category,population), rakes with survey::rake and
# writes id,weight with the weights summing to the number of respondents, as the CLI does by
# default.
#
# Made comparable with the CLI:
# - Each margin is rescaled to the first margin's total, as the CLI does. R's rake does not, and
#   with totals that differ (ONS tables are perturbed) it never converges: every pass swings the
#   total from one margin's to the next.
# - Convergence. The CLI stops when every weighted margin is within 1e-9 (relative) of its target.
#   rake stops when no cell of the full cross-table of the variables moves by more than epsilon
#   between passes, and an epsilon below 1 is taken as a fraction of the sum of the starting
#   weights (here 1 per respondent, so of n). The epsilon passed is 1e-9 of the population total
#   divided by n, so the threshold is 1e-9 of the population total, with maxit 200 as the CLI's.
#   Near convergence a pass's change is of the order of the remaining error, so both stop within
#   about 1e-9 of the same fixed point; the weights agree to about that.
suppressMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) stop("usage: Rscript survey-rake.R responses.csv targets.csv weights.csv")

read <- function(path) {
  d <- read.csv(path, colClasses = "character", check.names = FALSE, strip.white = TRUE,
                fileEncoding = "UTF-8-BOM", na.strings = character(0))
  names(d) <- trimws(names(d))
  d[rowSums(d != "") > 0, , drop = FALSE]
}
responses <- read(args[1])
targets <- read(args[2])
names(targets) <- tolower(names(targets))
targets$population <- as.numeric(targets$population)
names(responses)[tolower(names(responses)) == "id"] <- "id"

variables <- unique(targets$variable)
missing <- setdiff(variables, names(responses))
if (length(missing) > 0) stop("no column in the responses for: ", paste(missing, collapse = ", "))

first_total <- sum(targets$population[targets$variable == variables[1]])
population_margins <- lapply(variables, function(v) {
  t <- targets[targets$variable == v, ]
  m <- data.frame(t$category, Freq = t$population * first_total / sum(t$population))
  names(m)[1] <- v
  m
})
sample_margins <- lapply(variables, function(v) as.formula(paste0("~`", v, "`")))

data <- responses[, c("id", variables), drop = FALSE]
n <- nrow(data)
design <- svydesign(ids = ~1, data = data, weights = rep(1, n))
converged <- TRUE
started <- proc.time()[["elapsed"]]
raked <- withCallingHandlers(
  rake(design, sample_margins, population_margins,
       control = list(maxit = 200, epsilon = 1e-9 * first_total / n)),
  warning = function(w) {
    if (grepl("converge", conditionMessage(w))) converged <<- FALSE
    invokeRestart("muffleWarning")
  })
rake_seconds <- proc.time()[["elapsed"]] - started
if (!converged) stop("rake did not converge in 200 iterations")

w <- weights(raked)
w <- w * n / sum(w)
out <- data.frame(id = data$id, weight = sprintf("%.17g", w))
write.csv(out, args[3], row.names = FALSE, quote = FALSE)
cat(sprintf("%d respondents, %d variables; Kish design effect %.6f; rake() took %.3f s\n", n, length(variables),
            n * sum(w^2) / sum(w)^2, rake_seconds))
