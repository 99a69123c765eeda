(defproject hello "0.1.0"
  :dependencies [[org.clojure/clojure "1.11.1"] [ring "1.9.6"]]
  :plugins [[lein-ring "0.12.6"]]
  :ring {:handler hello.handler/app})
